-- recordOutcomes: adds one batch to the fleet window of a period.
-- KEYS[1] the breaker's hash, KEYS[2] its ring (count window: one 4-bit code per slot, 0 = empty,
-- 1 + outcome), KEYS[3] its time buckets (hash: second -> "calls failed slow slowFailed")
-- ARGV: epoch, type ('c' count, 't' time), size, slow failures, other failures, slow successes,
--       other successes, record TTL in seconds
-- Returns {calls, failed, slow, slowFailed}, or {} when the epoch is not the stored one.
local e = redis.call('HGET', KEYS[1], 'e')
if not e or e ~= ARGV[1] then
  return {}
end
local size = tonumber(ARGV[3])
local shape = ARGV[2] .. ARGV[3]
local w = redis.call('HMGET', KEYS[1], 'we', 'ws')
if w[1] ~= ARGV[1] or w[2] ~= shape then
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('HSET', KEYS[1], 'we', ARGV[1], 'ws', shape, 'wc', 0, 'wf', 0, 'wsl', 0, 'wsf', 0, 'cur', 0, 'old', -1)
end
local ttl = tonumber(ARGV[8])
redis.call('EXPIRE', KEYS[1], ttl)
local tot = redis.call('HMGET', KEYS[1], 'wc', 'wf', 'wsl', 'wsf')
local c, f, sl, sf = tonumber(tot[1]), tonumber(tot[2]), tonumber(tot[3]), tonumber(tot[4])
local function count(outcome, delta)
  c = c + delta
  if outcome == 1 or outcome == 3 then f = f + delta end
  if outcome == 2 or outcome == 3 then sl = sl + delta end
  if outcome == 3 then sf = sf + delta end
end
if ARGV[2] == 'c' then
  local cursor = tonumber(redis.call('HGET', KEYS[1], 'cur'))
  local codes = {}
  local kinds = {{3, tonumber(ARGV[4])}, {1, tonumber(ARGV[5])}, {2, tonumber(ARGV[6])}, {0, tonumber(ARGV[7])}}
  for _, kind in ipairs(kinds) do
    for _ = 1, kind[2] do
      codes[#codes + 1] = kind[1]
    end
  end
  local i = 1
  while i <= #codes do
    local args = {}
    local last = math.min(#codes, i + 499)
    for j = i, last do
      args[#args + 1] = 'SET'
      args[#args + 1] = 'u4'
      args[#args + 1] = '#' .. cursor
      args[#args + 1] = codes[j] + 1
      cursor = (cursor + 1) % size
    end
    local evicted = redis.call('BITFIELD', KEYS[2], unpack(args))
    for j = i, last do
      local old = evicted[j - i + 1]
      if old > 0 then count(old - 1, -1) end
      count(codes[j], 1)
    end
    i = last + 1
  end
  redis.call('EXPIRE', KEYS[2], ttl)
  redis.call('HSET', KEYS[1], 'cur', cursor, 'wc', c, 'wf', f, 'wsl', sl, 'wsf', sf)
  return {c, f, sl, sf}
end
-- Time window: buckets of the server's seconds; the totals are those of (now - size, now].
local now = math.floor(now_micros() / 1000000)
local oldest = tonumber(redis.call('HGET', KEYS[1], 'old'))
local cutoff = now - size
if oldest >= 0 and oldest <= cutoff then
  local newest = tonumber(redis.call('HGET', KEYS[1], 'new') or oldest)
  if newest <= cutoff then
    -- Everything is out of the window.
    redis.call('DEL', KEYS[3])
    c, f, sl, sf = 0, 0, 0, 0
    oldest = -1
  else
    for s = oldest, cutoff do
      local b = redis.call('HGET', KEYS[3], s)
      if b then
        local bc, bf, bsl, bsf = string.match(b, '(%d+) (%d+) (%d+) (%d+)')
        c, f, sl, sf = c - tonumber(bc), f - tonumber(bf), sl - tonumber(bsl), sf - tonumber(bsf)
        redis.call('HDEL', KEYS[3], s)
      end
    end
    oldest = cutoff + 1
  end
end
local calls = tonumber(ARGV[4]) + tonumber(ARGV[5]) + tonumber(ARGV[6]) + tonumber(ARGV[7])
if calls > 0 then
  local failed = tonumber(ARGV[4]) + tonumber(ARGV[5])
  local slow = tonumber(ARGV[4]) + tonumber(ARGV[6])
  local slowFailed = tonumber(ARGV[4])
  local b = redis.call('HGET', KEYS[3], now)
  local bc, bf, bsl, bsf = 0, 0, 0, 0
  if b then
    bc, bf, bsl, bsf = string.match(b, '(%d+) (%d+) (%d+) (%d+)')
  end
  redis.call('HSET', KEYS[3], now, (tonumber(bc) + calls) .. ' ' .. (tonumber(bf) + failed) .. ' '
      .. (tonumber(bsl) + slow) .. ' ' .. (tonumber(bsf) + slowFailed))
  redis.call('EXPIRE', KEYS[3], ttl)
  c, f, sl, sf = c + calls, f + failed, sl + slow, sf + slowFailed
  if oldest < 0 then oldest = now end
  redis.call('HSET', KEYS[1], 'new', now)
end
redis.call('HSET', KEYS[1], 'old', oldest, 'wc', c, 'wf', f, 'wsl', sl, 'wsf', sf)
return {c, f, sl, sf}

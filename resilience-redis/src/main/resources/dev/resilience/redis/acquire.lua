-- acquirePermits: one rate-limiter acquisition, the semantics of the in-memory limiter on the server's clock.
-- KEYS[1] the limiter's (or key's) hash: k = the period number of the last grant, u = permits taken from the
-- start of period k onwards (so reservations of later periods are u beyond the limit).
-- ARGV: permits, timeout (µs), limit per period, period (µs)
-- Returns {granted (1/0), wait or retry-after (µs), permits left in the current period afterwards}.
local permits, timeout = tonumber(ARGV[1]), tonumber(ARGV[2])
local limit, period = tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_micros()
local cycle = math.floor(now / period)
local into = now - cycle * period
local st = redis.call('HMGET', KEYS[1], 'k', 'u')
local start = 0
if st[1] then
  local behind = cycle - tonumber(st[1])
  local used = tonumber(st[2])
  if behind <= math.floor(used / limit) + 1 then
    start = math.max(0, used - behind * limit)
  end
end
local finish = start + permits
local wait = 0
if finish > limit then
  local g = math.floor(start / limit)
  if start - g * limit + permits > limit then
    g = g + 1
    finish = g * limit + permits
  end
  wait = g * period - into
  if wait > timeout then
    return {0, wait, limit - start}
  end
end
redis.call('HSET', KEYS[1], 'k', int(cycle), 'u', int(finish))
-- Worthless once every period it holds permits of has passed.
local periods = math.max(1, math.ceil(finish / limit))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(((cycle + periods) * period - now) / 1000)))
return {1, wait, limit - finish}

-- compareAndSet of a circuit breaker's record.
-- KEYS[1] the breaker's hash, KEYS[2] its ring, KEYS[3] its time buckets
-- ARGV: expected epoch (-1 = only if absent), state, epoch, period ms (-1 = unlimited), origin, channel,
--       record TTL in seconds, breaker name
-- Returns {applied, state, epoch, since ms, period ms, origin, now ms}; {0} when not applied and nothing stored.
local now = math.floor(now_micros() / 1000)
local cur = redis.call('HMGET', KEYS[1], 's', 'e', 't', 'p', 'o')
local expected = tonumber(ARGV[1])
if cur[1] then
  if expected == -1 or tonumber(cur[2]) ~= expected then
    return {0, cur[1], cur[2], cur[3], cur[4], cur[5] or '', int(now)}
  end
elseif expected ~= -1 then
  return {0}
end
redis.call('HSET', KEYS[1], 's', ARGV[2], 'e', ARGV[3], 't', int(now), 'p', ARGV[4], 'o', ARGV[5])
local ttl = tonumber(ARGV[7])
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('EXPIRE', KEYS[3], ttl)
-- The message: epoch, state, since, period, origin length, then origin and name back to back.
redis.call('PUBLISH', ARGV[6], ARGV[3] .. ' ' .. ARGV[2] .. ' ' .. int(now) .. ' ' .. ARGV[4] .. ' '
    .. string.len(ARGV[5]) .. ' ' .. ARGV[5] .. ARGV[8])
return {1, ARGV[2], ARGV[3], int(now), ARGV[4], ARGV[5], int(now)}

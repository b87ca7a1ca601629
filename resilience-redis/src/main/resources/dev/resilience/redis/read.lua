-- read of a circuit breaker's record. KEYS[1] the breaker's hash.
-- Returns {state, epoch, since ms, period ms, origin, now ms}, or {} when nothing is stored.
local cur = redis.call('HMGET', KEYS[1], 's', 'e', 't', 'p', 'o')
if not cur[1] then
  return {}
end
return {cur[1], cur[2], cur[3], cur[4], cur[5] or '', int(math.floor(now_micros() / 1000))}

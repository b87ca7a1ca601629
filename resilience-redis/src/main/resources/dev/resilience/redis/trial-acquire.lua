-- acquireTrialPermit. KEYS[1] the breaker's hash. ARGV: epoch, permitted. Returns 1 (taken) or 0.
local v = redis.call('HMGET', KEYS[1], 's', 'e', 'te', 'tt')
if v[1] ~= 'HALF_OPEN' or v[2] ~= ARGV[1] then
  return 0
end
local taken = 0
if v[3] == ARGV[1] then
  taken = tonumber(v[4])
end
if taken >= tonumber(ARGV[2]) then
  return 0
end
redis.call('HSET', KEYS[1], 'te', ARGV[1], 'tt', taken + 1)
return 1

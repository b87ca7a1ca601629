-- releaseTrialPermit. KEYS[1] the breaker's hash. ARGV: epoch. Never below zero, nothing for another epoch.
local v = redis.call('HMGET', KEYS[1], 'te', 'tt')
if v[1] == ARGV[1] and tonumber(v[2]) > 0 then
  redis.call('HINCRBY', KEYS[1], 'tt', -1)
end
return 0

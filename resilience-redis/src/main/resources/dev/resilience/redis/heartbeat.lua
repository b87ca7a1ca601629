-- heartbeat. KEYS[1] the instances' sorted set (score = expiry ms). ARGV: instance id, TTL ms.
-- Returns the number of live instances.
local now = math.floor(now_micros() / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], ttl)
return redis.call('ZCARD', KEYS[1])

-- Shared by every script (prepended): the server's clock. Scripts run atomically, TIME is read once.
local function now_micros()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function int(x)
  return string.format('%.0f', x)
end

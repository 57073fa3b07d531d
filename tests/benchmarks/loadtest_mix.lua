-- The mixed traffic of `make loadtest`: what a national mailing sends to the site.
-- Reads its real URLs (filters, webinars, sessions) from the file named by LOADTEST_DATA.
local data = dofile(os.getenv("LOADTEST_DATA"))
dofile(os.getenv("WRK_REPORT"))
local report = done
local threads = {}
local counter = 0

setup = function(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

init = function(args)
  math.randomseed(os.time() * 1000 + id)
  registrations = 0
end

local function pick(list)
  return list[math.random(#list)]
end

local form_headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Origin"] = data.origin,
  ["Sec-Fetch-Site"] = "same-origin",
}

request = function()
  local r = math.random(100)
  if r <= 20 then
    return wrk.format("GET", "/")
  elseif r <= 50 then
    return wrk.format("GET", pick(data.programme))
  elseif r <= 80 then
    return wrk.format("GET", pick(data.webinars))
  elseif r <= 85 then
    return wrk.format("GET", pick(data.feeds))
  elseif r <= 90 then
    return wrk.format("GET", pick(data.other))
  else
    counter = counter + 1
    registrations = registrations + 1
    local body = string.format(
      "first_name=Camille&last_name=Charge&email=charge-%d-%d-%d%%40example.org&organisation=CHU&community=%s&department=75",
      id, counter, math.random(1000000), data.community)
    return wrk.format("POST", pick(data.register), form_headers, body)
  end
end

response = function(status, headers, body)
  if status >= 400 then
    io.write(string.format("LOADTEST_ERROR %d\n", status))
  end
end

done = function(summary, latency, requests)
  report(summary, latency, requests)
  local posted = 0
  for _, thread in ipairs(threads) do
    posted = posted + (thread:get("registrations") or 0)
  end
  io.write(string.format("WRK_REGISTRATIONS %d\n", posted))
end

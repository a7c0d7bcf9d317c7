-- wrk script for every scenario: picks a random request from a file the harness writes after seeding,
-- and prints one machine-readable result line from done().
--
-- Arguments (after `--`): requests file, bearer token, unique prefix.
-- Requests file: one request per line, `METHOD<TAB>PATH<TAB>BODY`; BODY may be empty. A body holding
-- `{{uniq}}` is formatted per request with a fresh value (POST create needs unique userNames); every
-- other request is formatted once at start so the Lua side costs almost nothing per request.

-- Each entry is a preformatted request string, or a table for a body with {{uniq}}.
local entries = {}
local prefix = "x"
local counter = 0
local headers = {}

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

function setup(thread)
  thread:set("thread_id", tostring(math.random(1, 1000000000)))
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open " .. tostring(args[1]))
  headers["Authorization"] = "Bearer " .. args[2]
  headers["Accept"] = "application/scim+json"
  prefix = args[3] .. "-" .. (thread_id or "0")
  for line in file:lines() do
    if #line > 0 then
      local fields = split(line)
      local method, path, body = fields[1], fields[2], fields[3]
      if body == "" then body = nil end
      local h = {}
      for k, v in pairs(headers) do h[k] = v end
      if body ~= nil then h["Content-Type"] = "application/scim+json" end
      if body ~= nil and body:find("{{uniq}}", 1, true) then
        entries[#entries + 1] = { method = method, path = path, body = body, headers = h }
      else
        entries[#entries + 1] = wrk.format(method, path, h, body)
      end
    end
  end
  file:close()
  math.randomseed(os.time() + tonumber(thread_id or "0"))
end

function request()
  local entry = entries[math.random(#entries)]
  if type(entry) == "string" then return entry end
  counter = counter + 1
  local uniq = prefix .. "-" .. counter
  return wrk.format(entry.method, entry.path, entry.headers, (entry.body:gsub("{{uniq}}", uniq)))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end

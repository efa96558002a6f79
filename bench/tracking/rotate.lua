-- wrk script: each request takes the next path of the list in BENCH_PATHS (one per line),
-- so hits spread over many deliveries and tokens, as a campaign's would.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  paths[#paths + 1] = line
end
local counter = math.random(#paths)
request = function()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

/**
 * Lua scripts of the cluster edge. Each runs atomically in Redis (and is logged to the AOF as one unit), which is
 * what makes "the result is durable before the task is acknowledged" hold without a window between the two.
 */

/**
 * Complete a task. KEYS: meta, tasks, results. ARGV: group, task entry id, task id, output JSON.
 * Acknowledges and deletes the task entry and appends the result, but only when the job still exists and the
 * entry was still pending (a second copy of a task redone after a claim writes nothing: duplicates stop here).
 * Returns 1 when the result was written, 0 otherwise.
 */
export const COMPLETE_TASK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('XACK', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[2], ARGV[2])
redis.call('XADD', KEYS[3], '*', 'task', ARGV[3], 'out', ARGV[4])
return 1
`;

/**
 * Release a task (a worker stopping before it finished it). KEYS: meta, tasks. ARGV: group, entry id, task id,
 * input JSON. Re-queues the task as a new entry (any worker may read it at once) and drops the old one.
 * Returns 1 when re-queued, 0 when the job is gone or the entry was no longer pending.
 */
export const RELEASE_TASK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('XACK', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[2], ARGV[2])
redis.call('XADD', KEYS[2], '*', 'task', ARGV[3], 'input', ARGV[4])
return 1
`;

/**
 * Renew the lease of tasks a worker is running: resets their idle time (XCLAIM JUSTID to itself, which does not
 * count a delivery) for the entries it still owns. KEYS: tasks. ARGV: group, consumer, entry ids…
 * Returns how many were renewed, or -1 when the task stream is gone.
 */
export const RENEW_TASKS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local n = 0
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] ~= nil and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    n = n + 1
  end
end
return n
`;

import {describe, expect, it} from 'vitest'
import {z} from 'zod'

import type {ExecResult} from '../../src/contract/freezer.js'
import {bindTool, parseToolJson, toolMessage} from '../../src/contract/tool.js'

const result = (exitCode: number, stdout = '', stderr = ''): ExecResult => ({exitCode, stdout, stderr})

function fakeContext(results: ExecResult[]) {
  const runs: string[][] = []
  return {
    runs,
    ctx: {
      bottleName: 'bot-bottle-demo',
      exec: async (file: string, args: readonly string[]) => {
        runs.push([file, ...args])
        return results.shift() ?? result(0)
      },
    },
  }
}

describe('bindTool', () => {
  it('runs the binary with its global arguments before every verb', async () => {
    const {ctx, runs} = fakeContext([result(0, 'ok')])
    const tool = bindTool(ctx, {binary: 'docker', globalArgs: ['--context', 'remote']})
    expect(await tool.runOrFail('inspect', ['inspect', 'x'])).toMatchObject({stdout: 'ok'})
    expect(runs).toEqual([['docker', '--context', 'remote', 'inspect', 'x']])
  })

  it("turns a failed run into ToolFailed with the tool's own words, or BottleNotFound when they say so", async () => {
    const {ctx} = fakeContext([result(1, '', 'Error: boom\nUsage: docker commit'), result(1, '', 'Error: No such container: x')])
    const tool = bindTool(ctx, {binary: 'docker', notFound: /No such container/})
    await expect(tool.runOrFail('commit', ['commit'])).rejects.toMatchObject({code: 'BOTTLE_TOOL_FAILED', message: 'docker commit of bot-bottle-demo failed: Error: boom'})
    await expect(tool.runOrFail('inspect', ['inspect'])).rejects.toMatchObject({code: 'BOTTLE_NOT_FOUND', message: expect.stringContaining('bot-bottle-demo')})
  })

  it("lets the tool name its own kinds of failure first, and leaves the bottle out of a backend-wide call's", async () => {
    const unreachable = new Error('cannot reach the engine')
    const tool = bindTool(fakeContext([]).ctx, {binary: 'docker', failureOf: (_verb, message) => (/connect/.test(message) ? unreachable : undefined)})
    expect(tool.failure('ps', result(1, '', 'Cannot connect to the Docker daemon'))).toBe(unreachable)
    expect(tool.failure('ps', result(1, '', 'Error: boom'))).toMatchObject({code: 'BOTTLE_TOOL_FAILED', message: 'docker ps of bot-bottle-demo failed: Error: boom'})
    const backendWide = bindTool({bottleName: '', exec: fakeContext([]).ctx.exec}, {binary: 'docker'})
    expect(backendWide.failure('version', result(1, '', 'Error: boom')).message).toBe('docker version failed: Error: boom')
  })

  it("names a missing bottle in the tool's own noun, and tells its words apart", async () => {
    const {ctx} = fakeContext([])
    const tool = bindTool(ctx, {binary: 'smolvm', notFound: /not found/, noun: 'machine'})
    const missing = result(1, '', 'Error: vm not found: bot-bottle-demo')
    expect(tool.failure('machine status', missing)).toMatchObject({
      code: 'BOTTLE_NOT_FOUND',
      message: 'no machine named bot-bottle-demo (smolvm: Error: vm not found: bot-bottle-demo)',
    })
    expect(tool.message(missing)).toBe('Error: vm not found: bot-bottle-demo')
  })

  it('uses the message reader a tool needs', async () => {
    const {ctx} = fakeContext([result(1, 'progress', 'first\nsecond')])
    const tool = bindTool(ctx, {binary: 'container', messageOf: (r) => r.stderr.split('\n').join(' ')})
    await expect(tool.runOrFail('export', [])).rejects.toThrow('container export of bot-bottle-demo failed: first second')
  })
})

describe('toolMessage and parseToolJson', () => {
  it("prefers the tool's error line, else its last line, else the exit code", () => {
    expect(toolMessage(result(1, 'Packing...', 'Error: VM is running\nhint'))).toBe('Error: VM is running')
    expect(toolMessage(result(1, 'a\nb'))).toBe('b')
    expect(toolMessage(result(3))).toBe('exit code 3')
  })

  it('checks JSON output by shape and names the command when it is not', async () => {
    const schema = z.object({state: z.string()})
    await expect(parseToolJson('smolvm machine status', '{"state":"running"}', schema)).resolves.toEqual({state: 'running'})
    await expect(parseToolJson('smolvm machine status', 'oops', schema)).rejects.toMatchObject({
      code: 'BOTTLE_TOOL_FAILED',
      message: 'smolvm machine status printed output that is not JSON: "oops"',
    })
    await expect(parseToolJson('smolvm machine status', '{"state":1}', schema)).rejects.toThrow('printed an unexpected JSON shape (state:')
  })
})

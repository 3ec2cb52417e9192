import {describeFreezerConformance, describeLifecycleConformance} from '@bottle/core/testing'
import {execa} from 'execa'
import {afterAll} from 'vitest'

import freezer from '../src/freezer.js'
import lifecycle from '../src/lifecycle.js'

// Runs against the real engine: docker is the one backend whose tool is here.
const image = process.env.BOTTLE_TEST_IMAGE ?? 'bottle-test/busybox:latest'
const base = `conf-${process.pid}`
const containers: string[] = []
let count = 0

afterAll(async () => {
  await execa('docker', ['rm', '-f', ...containers], {reject: false})
  const {stdout} = await execa('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', `bottle/${base}-*`], {reject: false})
  const images = stdout.split('\n').filter(Boolean)
  if (images.length > 0) await execa('docker', ['rmi', '-f', ...images], {reject: false})
})

describeFreezerConformance({
  name: 'docker',
  freezer,
  async ready() {
    const slug = `${base}-${++count}`
    containers.push(`bot-bottle-${slug}`)
    await execa('docker', ['run', '-d', '--name', `bot-bottle-${slug}`, image, 'sleep', '100000'])
    return {slug}
  },
  missing: async () => ({slug: `${base}-missing`}),
  toolFails: async () => ({
    slug: `${base}-dead`,
    env: {DOCKER_HOST: 'unix:///nonexistent/docker.sock'},
    toolMessage: 'Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock',
  }),
})

describeLifecycleConformance({
  name: 'docker',
  freezer,
  lifecycle,
  async scenario() {
    const slug = `${base}-${++count}`
    containers.push(`bot-bottle-${slug}`)
    return {slug, source: image, command: ['sleep', '100000']}
  },
})

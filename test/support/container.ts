import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

/** The project's root, where the Dockerfile is. */
export const ROOT = resolve(__dirname, '../../..');

/**
 * podman's settings: CONTAINERS_CONF when set, else the project's, which works
 * on hosts with hybrid cgroups that refuse containers their own rlimits.
 */
export const CONTAINERS_CONF = process.env.CONTAINERS_CONF ?? resolve(ROOT, 'scripts/container/containers.conf');

const run = promisify(execFile);

/** Runs podman; resolves with its standard output, rejects with its error output. */
export async function podman(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('podman', args, { env: { ...process.env, CONTAINERS_CONF }, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`podman ${args.join(' ')} failed:\n${(stderr || stdout || String(error)).slice(-4000)}`, { cause: error });
  }
}

/**
 * The stand-in for the official Node.js image, made without a registry from
 * Debian bookworm and this machine's Node.js (scripts/container/node-base-image.sh);
 * kept in podman's store, so only the first run on a machine builds it.
 */
export async function nodeBaseImage(): Promise<string> {
  const { stdout } = await run(resolve(ROOT, 'scripts/container/node-base-image.sh'), [], {
    env: { ...process.env, CONTAINERS_CONF },
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stderr?: string }) => {
    throw new Error(`the base image could not be built:\n${error.stderr ?? error}`, { cause: error });
  });
  return stdout.trim().split('\n').pop()!;
}

/** Builds the project's image from its Dockerfile on `base`; returns its name. */
export async function buildImage(base: string, tag = 'localhost/oliver-compatible-call-processing:test'): Promise<string> {
  if (!existsSync(resolve(ROOT, 'Dockerfile'))) throw new Error('no Dockerfile at the project root');
  const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  await podman(
    'build',
    // HEALTHCHECK is part of the Docker image format only; OCI images drop it.
    '--format', 'docker',
    // Builds reach the Debian mirror and the npm registry as this machine does.
    '--network', 'host',
    '--build-arg', `NODE_IMAGE=${base}`,
    '--build-arg', `VERSION=${version}`,
    '--tag', tag,
    ROOT,
  );
  return tag;
}

/** What `podman image inspect` says of an image. */
export async function inspectImage(image: string): Promise<{ Size: number; Config: { User: string; Labels: Record<string, string>; Entrypoint: string[]; Cmd: string[]; Env: string[] }; Healthcheck?: { Test: string[] } }> {
  return JSON.parse(await podman('image', 'inspect', image))[0];
}

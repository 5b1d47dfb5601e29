// Spawning TypeScript child processes for fault tests, and reading their output line by line.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Calls `onLine` for each stdout line; resolves when the process exits. */
export function onLines(child: ChildProcess, onLine: (line: string) => void): Promise<number | null> {
  const rl = createInterface({ input: child.stdout! });
  rl.on('line', onLine);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      if (code && code !== 0) console.error(`child exited ${code}: ${stderr.slice(-2000)}`);
      resolve(signal ? null : code);
    });
  });
}

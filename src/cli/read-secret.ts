import { createInterface } from 'node:readline'

/** On a terminal: asks twice without echo. Otherwise (a pipe, a file): the first line of stdin. */
export async function readSecretFromStdin(prompt: string): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) return firstLine(stdin)
  const first = await ask(prompt)
  const again = await ask('Again: ')
  if (first !== again) throw new Error('the two passwords differ')
  return first
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = ''
  for await (const chunk of stream) {
    text += chunk.toString()
    if (text.includes('\n')) break
  }
  return text.split(/\r?\n/)[0]
}

function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    let muted = false
    // Echo nothing of what is typed after the prompt.
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })
    const original = write._writeToOutput.bind(rl)
    write._writeToOutput = (s: string) => {
      if (!muted) original(s)
    }
    rl.question(prompt, (answer) => {
      rl.close()
      process.stderr.write('\n')
      resolve(answer)
    })
    muted = true
  })
}

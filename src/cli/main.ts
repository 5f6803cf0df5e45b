import { runCli } from './run.js'

const write = (stream: NodeJS.WriteStream) => (line: string) => stream.write(`${line}\n`)

runCli(process.argv.slice(2), write(process.stdout), write(process.stderr)).then((code) => {
  process.exitCode = code
})

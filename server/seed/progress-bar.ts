/** A one-line progress bar on stderr when it is a terminal, a line per step otherwise (CI logs stay short). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastStep = '';
  return (step: string, done: number, total: number) => {
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      stream.write(`\r  ${step.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `);
      if (done >= total) stream.write('\n');
    } else if (step !== lastStep || done >= total) {
      stream.write(`  ${step}: ${done}/${total}\n`);
    }
    lastStep = step;
  };
}

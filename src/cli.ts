const argv = process.argv.slice(2);

if (argv[0] === 'jt808') {
  // The frame decoder needs neither configuration nor the platform: load only the codec, so it answers at once.
  const { runJt808 } = await import('./ingest/jt808/cli.js');
  process.exitCode = runJt808(
    argv.slice(1),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  );
} else {
  const { main } = await import('./main.js');
  await main(argv);
}

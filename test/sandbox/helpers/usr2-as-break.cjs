// Preloaded (NODE_OPTIONS=--require): a SIGUSR2 becomes the 'SIGBREAK' event Node emits on Windows for Ctrl+Break,
// which Linux cannot send.
process.on('SIGUSR2', () => process.emit('SIGBREAK', 'SIGBREAK'));

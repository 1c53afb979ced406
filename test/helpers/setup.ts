// Ink changes its output when CI is set (no live re-renders); tests want the interactive behaviour.
delete process.env.CI;

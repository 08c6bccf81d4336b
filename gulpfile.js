// Copies node and credential icons next to the compiled files (tsc only emits JavaScript).
const { src, dest, task } = require('gulp');

task('build:icons', () => src(['nodes/**/*.{png,svg}'], { base: '.' }).pipe(dest('dist')));

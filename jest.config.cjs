// One Jest run for the whole repo: every app and lib with a jest.config.cjs is a project.
const fs = require('node:fs');
const path = require('node:path');

function findProjects(dir, depth) {
  if (depth < 0 || !fs.existsSync(dir)) return [];
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const child = path.join(dir, entry.name);
    if (fs.existsSync(path.join(child, 'jest.config.cjs'))) found.push(child);
    else found.push(...findProjects(child, depth - 1));
  }
  return found;
}

module.exports = {
  projects: [...findProjects(path.join(__dirname, 'apps'), 1), ...findProjects(path.join(__dirname, 'libs'), 2), path.join(__dirname, 'test')].filter((p) => fs.existsSync(path.join(p, 'jest.config.cjs'))),
  // A global option: Jest ignores it inside the projects' configs.
  testTimeout: 60000,
  maxWorkers: 2,
};

module.exports = { ...require('../../jest.preset.cjs'), displayName: 'context', rootDir: __dirname };

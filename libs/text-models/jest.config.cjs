module.exports = { ...require('../../jest.preset.cjs'), displayName: 'text-models', rootDir: __dirname };

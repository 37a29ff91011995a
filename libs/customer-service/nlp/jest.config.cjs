module.exports = { ...require('../../../jest.preset.cjs'), displayName: 'customer-service-nlp', rootDir: __dirname };

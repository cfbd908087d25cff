export { GenesisError, loadGenesis, parseGenesis, type GenesisConfig, type GenesisValidator } from './config';
export {
  DEV_ACCOUNT_BALANCE,
  UNIT,
  VALIDATOR_BALANCE,
  defaultGenesis,
  type DefaultGenesis,
  type DefaultGenesisOptions,
} from './default';
export {
  DEV_ACCOUNT_NAMES,
  SS58_PREFIX,
  deriveValidatorKeys,
  devAccounts,
  validatorName,
  type ValidatorKeys,
} from './keys';

import { Global, Module } from '@nestjs/common';
import { Environment, validateEnvironment } from './environment';

/** The validated environment, injectable everywhere as `Environment`. */
@Global()
@Module({
  providers: [{ provide: Environment, useFactory: () => validateEnvironment(process.env) }],
  exports: [Environment],
})
export class ConfigModule {}

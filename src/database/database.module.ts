import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';
import { SqliteConnectionGuard } from './sqlite-connection-guard';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Environment],
      // Fail at start when the database is unreachable instead of retrying for minutes.
      useFactory: (env: Environment) => ({ ...dataSourceOptions(env), retryAttempts: 2, retryDelay: 1000 }),
    }),
  ],
  providers: [SqliteConnectionGuard],
})
export class DatabaseModule {}

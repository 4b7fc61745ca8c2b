import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The TOTP second factor of administrators and supervisors (#19 item 5): one row per enrolled (or enrolling)
 * user; the secret is SM4 ciphertext (platform/crypto/pii.ts), `last_step` the time step of the last code
 * accepted, so a code is good once.
 */
export class UserTotp1766300001000 implements MigrationInterface {
  name = 'UserTotp1766300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'user_totp',
      columns: [
        { name: 'user_id', type: 'integer', isPrimary: true },
        { name: 'secret', type: 'varchar', length: '255' },
        { name: 'confirmed_at', type: 'datetime', isNullable: true },
        { name: 'last_step', type: 'integer', isNullable: true },
        { name: 'created_at', type: 'datetime' },
      ],
      foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('user_totp');
  }
}

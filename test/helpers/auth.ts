import request from 'supertest';
import type { TestApp } from './test-deps';
import { seedUserId } from './seed-lookup';

/** Signs in as a seeded demo user by name; returns the bearer header. */
export async function signInAs(t: TestApp, name: string): Promise<{ Authorization: string; userId: number }> {
  const userId = await seedUserId(t, name);
  const res = await request(t.callback).post('/api/auth/demo-login').send({ userId });
  if (res.status !== 200) throw new Error(`demo login as ${name} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { Authorization: `Bearer ${res.body.token}`, userId };
}

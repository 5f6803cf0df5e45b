import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { openStore, type Store } from '../../src/storage/db.js'

/**
 * A store of its own for each test app: a fresh schema on the worker's shared
 * PGlite, or on PostgreSQL when DATABASE_URL is set. Dropped on close.
 */
let sharedPglite: Promise<PGlite> | null = null

function pglite(): Promise<PGlite> {
  sharedPglite ??= PGlite.create()
  return sharedPglite
}

export const usingPostgres = Boolean(process.env.DATABASE_URL)

export async function openTestStore(): Promise<Store> {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const url = process.env.DATABASE_URL
  if (url) {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(`create schema "${schema}"`)
    await client.end()
    const store = await openStore({ databaseUrl: url, dataDir: '', schema, poolSize: 4 })
    return withDrop(store, async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema "${schema}" cascade`)
      await c.end()
    })
  }
  const instance = await pglite()
  await instance.exec(`create schema "${schema}"`)
  const store = await openStore({ databaseUrl: null, dataDir: '', schema, pglite: instance })
  return withDrop(store, async () => {
    await instance.exec(`drop schema "${schema}" cascade`)
  })
}

function withDrop(store: Store, drop: () => Promise<void>): Store {
  return {
    ...store,
    close: async () => {
      await store.close()
      await drop()
    },
  }
}

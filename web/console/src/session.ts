/** Who is signed in; null before the session is known or after signing out. */
import type { ConsoleUser } from './api.js'
import { createStore } from './store.js'

export const me = createStore<ConsoleUser | null>(null)

export const myId = () => Number(me.get()?.ID ?? 0)

/** Administration screens (built by console-auth); the layout lists them for administrators. */
import type { ComponentType } from 'preact'

export const adminRoutes: { path: string; title: string; view: ComponentType }[] = []

export { createTimerService, type TimerService, type TimerHandler, type DueTimer } from './timers.service.js'

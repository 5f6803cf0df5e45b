/** Quick answers of open lines: the public face for the container and other domains. */
export { createQuickAnswerService, type QuickAnswerService } from './quick-answers.service.js'
export { noLineChats, type MessageSource, type QuickAnswer } from './quick-answers.types.js'

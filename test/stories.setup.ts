import { recordWorker } from './stories.coverage'
recordWorker()

// The README's preview parameters, and nothing more
import { plan } from '../src/plan.js'

export default { parameters: { trackplan: { plan } } }

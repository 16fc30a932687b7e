import { describe, expectTypeOf, it } from 'vitest'
import { layerProperties, type LayeredProperties } from '../../src/core/properties'
import type { PropertiesInput } from '../../src/core/types'

describe('LayeredProperties', () => {
  it('is what layerProperties returns, accepted wherever PropertiesInput is', () => {
    const layered = layerProperties({ app: 'web' }, { plan: 'pro' })
    expectTypeOf(layered).toEqualTypeOf<LayeredProperties | undefined>()
    expectTypeOf<LayeredProperties>().toMatchTypeOf<PropertiesInput>()
  })

  it('is made by layerProperties only: a plain object is not one', () => {
    const take = (properties: LayeredProperties): LayeredProperties => properties
    // @ts-expect-error a plain object has not been through the rule
    take({ app: 'web' })
    expectTypeOf<PropertiesInput>().not.toMatchTypeOf<LayeredProperties>()
  })
})

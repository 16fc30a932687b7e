import { describe, expect, it } from 'vitest'
import { builtInEvents } from 'trackplan/core'
import { checkEventName, findNearDuplicates } from 'trackplan/tools'

describe('checkEventName', () => {
  it.each([
    ['Viewed Pricing', 'verb-noun'],
    ['Added to Cart', 'verb-noun'],
    ['Removed from Wishlist', 'verb-noun'],
    ['Began Checkout', 'verb-noun'],
    ['Viewed iPhone Page', 'verb-noun'],
    ['Pricing Viewed', 'object-action'],
    ['Product Added to Wishlist', 'object-action'],
    ['Checkout Step Completed', 'object-action'],
    ['sign_up', 'snake_case'],
    ['purchase', 'snake_case'],
    ['anything goes', false],
  ] as const)('"%s" is fine as %s', (name, convention) => {
    expect(checkEventName(name, convention)).toEqual([])
  })

  it.each([
    ['viewed pricing', 'verb-noun', ['"viewed pricing" is not Title Case: write "Viewed Pricing"']],
    ['Added To Cart', 'verb-noun', ['"Added To Cart" is not Title Case: write "Added to Cart"']],
    [
      'Pricing Viewed',
      'verb-noun',
      ['"Pricing Viewed" should start with a past-tense verb ("Viewed", "Added", "Submitted")'],
    ],
    [
      'View Pricing',
      'verb-noun',
      ['"View Pricing" should start with a past-tense verb ("Viewed", "Added", "Submitted")'],
    ],
    [
      'Signup',
      'verb-noun',
      ['"Signup" should have at least two words: a verb and what it acts on ("Viewed Pricing")'],
    ],
    [
      'signed_up',
      'verb-noun',
      ['"signed_up" should be words separated by single spaces: "Signed Up"'],
    ],
    [
      'SignedUp',
      'verb-noun',
      ['"SignedUp" should be words separated by single spaces: "Signed Up"'],
    ],
    [
      'Viewed Pricing',
      'object-action',
      [
        '"Viewed Pricing" starts with a verb; object-action puts the object first ("Pricing Viewed")',
      ],
    ],
    [
      'Pricing Page',
      'object-action',
      ['"Pricing Page" should end its object with a past-tense verb ("Pricing Viewed")'],
    ],
    ['Sign Up', 'snake_case', ['"Sign Up" is not snake_case: write "sign_up"']],
    ['signUp', 'snake_case', ['"signUp" is not snake_case: write "sign_up"']],
    ['a'.repeat(41), 'snake_case', [`"${'a'.repeat(41)}" is 41 characters; GA4 allows 40`]],
  ] as const)('"%s" as %s → problems', (name, convention, problems) => {
    expect(checkEventName(name, convention)).toEqual(problems)
  })

  it('accepts trackplan’s own event names under every convention', () => {
    for (const name of Object.keys(builtInEvents)) {
      for (const convention of ['verb-noun', 'object-action', 'snake_case'] as const)
        expect(checkEventName(name, convention)).toEqual([])
    }
  })
})

describe('findNearDuplicates', () => {
  it('groups names that normalise to the same words', () => {
    expect(
      findNearDuplicates([
        'Sign Up',
        'signup',
        'sign_up',
        'SignUp',
        'Viewed Pricing',
        'viewed-pricing',
        'Added to Cart',
      ]),
    ).toEqual([
      ['Sign Up', 'signup', 'sign_up', 'SignUp'],
      ['Viewed Pricing', 'viewed-pricing'],
    ])
  })

  it('flags synonyms a team lists', () => {
    expect(
      findNearDuplicates(['Registered', 'Signed Up', 'Purchased Plan', 'Bought Plan']),
    ).toEqual([])
    expect(
      findNearDuplicates(['Registered', 'Signed Up', 'Purchased Plan', 'Bought Plan'], {
        synonyms: [
          ['Registered', 'Signed Up'],
          ['Purchased', 'Bought'],
        ],
      }),
    ).toEqual([
      ['Registered', 'Signed Up'],
      ['Purchased Plan', 'Bought Plan'],
    ])
  })

  it('returns nothing for distinct names and ignores exact repeats', () => {
    expect(findNearDuplicates(['Viewed Pricing', 'Viewed Pricing', 'Clicked Plan'])).toEqual([])
  })
})

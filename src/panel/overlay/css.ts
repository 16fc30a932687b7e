/** Sets inline styles on an element the overlay draws (plain DOM: no stylesheet to inject). */
export const css = (element: HTMLElement, style: Partial<CSSStyleDeclaration>): void =>
  void Object.assign(element.style, style)

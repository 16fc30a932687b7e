/** The test attachment through which the fixture hands the reporter what a test fired, and the plan's events. */
export const ATTACHMENT = 'trackplan-events'

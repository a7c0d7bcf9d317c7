/**
 * `/Groups`: the resource routes over the Group use cases (`resources/Groups`).
 */
import * as ResourceRoutes from "./ResourceRoutes.js"
import type { RouteContext } from "./RouteContext.js"
import * as Groups from "./resources/Groups.js"
import type { Services } from "./Services.js"

/** The `/Groups` routes, mounted under the SCIM base path. */
export const make = (context: RouteContext<Services>) => ResourceRoutes.make(context, "Group", Groups)

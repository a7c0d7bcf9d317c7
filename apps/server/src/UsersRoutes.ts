/**
 * `/Users`: the resource routes over the User use cases (`resources/Users`).
 */
import * as ResourceRoutes from "./ResourceRoutes.js"
import type { RouteContext } from "./RouteContext.js"
import * as Users from "./resources/Users.js"
import type { Services } from "./Services.js"

/** The `/Users` routes, mounted under the SCIM base path. */
export const make = (context: RouteContext<Services>) => ResourceRoutes.make(context, "User", Users)

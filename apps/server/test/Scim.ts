/**
 * Small SCIM helpers over a `TestApp`: JSON requests, PatchOp and SearchRequest bodies, and
 * fixtures. Every helper goes through `app.request()`, so tests exercise the whole pipeline.
 */
import { expect } from "vitest"
import type { TestApp } from "./TestApp.js"

export const UserUrn = "urn:ietf:params:scim:schemas:core:2.0:User"
export const GroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group"
export const EnterpriseUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
export const PatchOpUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
export const SearchUrn = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
export const ListUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

/** A parsed response. */
export interface Answer {
  readonly status: number
  readonly headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: assertions read SCIM bodies of any shape
  readonly body: any
}

/** Options of one request. */
export interface Options {
  readonly token?: string | null
  readonly headers?: Record<string, string>
}

/** Sends a request and parses its JSON body (undefined when there is none). */
export const send = async (
  t: TestApp,
  method: string,
  path: string,
  body?: unknown,
  options: Options = {}
): Promise<Answer> => {
  const response = await t.request(path, {
    method,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.headers === undefined ? {} : { headers: options.headers })
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) }
}

export const get = (t: TestApp, path: string, options?: Options) => send(t, "GET", path, undefined, options)
export const post = (t: TestApp, path: string, body: unknown, options?: Options) => send(t, "POST", path, body, options)
export const put = (t: TestApp, path: string, body: unknown, options?: Options) => send(t, "PUT", path, body, options)
export const patch = (t: TestApp, path: string, body: unknown, options?: Options) =>
  send(t, "PATCH", path, body, options)
export const del = (t: TestApp, path: string, options?: Options) => send(t, "DELETE", path, undefined, options)

/** A PatchOp body. */
export const patchOp = (...operations: ReadonlyArray<Record<string, unknown>>) => ({
  schemas: [PatchOpUrn],
  Operations: operations
})

/** A SearchRequest body. */
export const searchRequest = (fields: Record<string, unknown> = {}) => ({ schemas: [SearchUrn], ...fields })

/** A User body. */
export const user = (userName: string, fields: Record<string, unknown> = {}) => ({
  schemas: [UserUrn],
  userName,
  ...fields
})

/** A Group body. */
export const group = (
  displayName: string,
  memberIds: ReadonlyArray<string> = [],
  fields: Record<string, unknown> = {}
) => ({
  schemas: [GroupUrn],
  displayName,
  ...(memberIds.length === 0 ? {} : { members: memberIds.map((value) => ({ value })) }),
  ...fields
})

/** Creates a user and returns its body (fails the test on anything but 201). */
export const createUser = async (t: TestApp, userName: string, fields?: Record<string, unknown>, options?: Options) => {
  const created = await post(t, "/Users", user(userName, fields), options)
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  return created.body
}

/** Creates a group and returns its body. */
export const createGroup = async (
  t: TestApp,
  displayName: string,
  memberIds: ReadonlyArray<string> = [],
  options?: Options
) => {
  const created = await post(t, "/Groups", group(displayName, memberIds), options)
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  return created.body
}

/** The RFC 7644 §3.12 error body. */
export const errorBody = (status: number, scimType?: string) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
  status: String(status),
  ...(scimType === undefined ? {} : { scimType }),
  detail: expect.any(String)
})

/** Expects a SCIM error answer. */
export const expectError = (answer: Answer, status: number, scimType?: string) => {
  expect({ status: answer.status, body: answer.body }).toEqual({ status, body: errorBody(status, scimType) })
}

/** A fresh suffix, so tests sharing a directory never collide. */
export const unique = () => crypto.randomUUID().slice(0, 8)

/** The ids of a ListResponse's resources. */
export const ids = (answer: Answer): ReadonlyArray<string> =>
  (answer.body.Resources as ReadonlyArray<{ id: string }>).map((resource) => resource.id)

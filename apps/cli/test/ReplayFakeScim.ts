/**
 * A small in-memory SCIM service provider that behaves the way the replay scenarios expect a
 * correct server to: RFC 7644 plus the identity-provider leniencies (string booleans, Entra's
 * dialects, Okta's echoed PUTs, OneLogin's object emails and Accept: application/json). It proves
 * the scenarios can pass, and its optional bugs prove the checks catch the classic mistakes.
 */
import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"

const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
const USER = "urn:ietf:params:scim:schemas:core:2.0:User"
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

/** Mistakes real servers make, switched on to see the replay report them. */
export interface Bugs {
  /** Ignores the value list of `remove members` and empties the group. */
  readonly removeAllMembers?: boolean
  /** Stores "False"/"True" as strings. */
  readonly stringBooleans?: boolean
  /** Answers 404 to a filter that matches nothing. */
  readonly emptyFilter404?: boolean
}

type Json = Record<string, unknown>
type Stored = { id: string; created: string; version: number; attributes: Json }

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: string
  ) {
    super(detail)
  }
}

const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)
const userAttributes = new Set(
  "userName name displayName nickName profileUrl title userType preferredLanguage locale timezone active emails phoneNumbers ims photos addresses entitlements roles x509Certificates externalId".split(
    " "
  )
)
const enterpriseAttributes = new Set("employeeNumber costCenter organization division department manager".split(" "))
const multiValued = new Set(
  "emails phoneNumbers ims photos addresses entitlements roles x509Certificates members".split(" ")
)

const withoutNulls = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutNulls)
  if (!isRecord(value)) return value
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutNulls(v)]])))
}

const manager = (value: unknown): Json | undefined => {
  const item = Array.isArray(value) ? value[0] : value
  if (typeof item === "string") return item === "" ? undefined : { value: item }
  return isRecord(item) && typeof item.value === "string" && item.value !== "" ? { value: item.value } : undefined
}

/** Where a PATCH path or a no-path key points. */
interface Target {
  readonly enterprise: boolean
  readonly attribute: string
  readonly filter?: { readonly key: string; readonly value: string }
  readonly sub?: string
}

const parseTarget = (raw: string): Target => {
  let path = raw
  let enterprise = false
  if (path.toLowerCase().startsWith(`${ENTERPRISE.toLowerCase()}:`)) {
    enterprise = true
    path = path.slice(ENTERPRISE.length + 1)
  } else if (path.toLowerCase().startsWith(`${USER.toLowerCase()}:`)) path = path.slice(USER.length + 1)
  const match = /^(\w+)(?:\[(\w+) eq "([^"]*)"\])?(?:\.(\w+))?$/i.exec(path)
  if (!match) throw new HttpError(400, `Unsupported path ${raw}`, "invalidPath")
  const attribute = match[1]!
  return {
    enterprise: enterprise || enterpriseAttributes.has(attribute),
    attribute,
    ...(match[2] ? { filter: { key: match[2], value: match[3]! } } : {}),
    ...(match[4] ? { sub: match[4] } : {})
  }
}

export const start = async (token: string, bugs: Bugs = {}) => {
  const users = new Map<string, Stored>()
  const groups = new Map<string, Stored>()
  // Seconds since the epoch, one tick per created resource: distinct, ordered timestamps.
  let clock = Date.parse("2024-01-01T00:00:00Z") / 1000

  const coerce = (attribute: string, value: unknown): unknown => {
    if (attribute === "active" && typeof value === "string" && !bugs.stringBooleans)
      return value.toLowerCase() === "true"
    if (attribute === "emails" && isRecord(value)) return [value]
    if (attribute === "members" && Array.isArray(value))
      return value.map((member: Json) => ({
        value: member.value,
        ...(member.display ? { display: member.display } : {})
      }))
    return value
  }

  const normalizeUser = (body: unknown): Json => {
    if (!isRecord(body)) throw new HttpError(400, "Body must be an object", "invalidSyntax")
    const clean = withoutNulls(body) as Json
    const attributes: Json = {}
    for (const [key, value] of Object.entries(clean)) if (userAttributes.has(key)) attributes[key] = coerce(key, value)
    if (isRecord(clean[ENTERPRISE])) {
      const extension = { ...(clean[ENTERPRISE] as Json) }
      const boss = manager(extension.manager)
      if (boss) extension.manager = boss
      else delete extension.manager
      attributes[ENTERPRISE] = extension
    }
    if (typeof attributes.userName !== "string" || attributes.userName === "")
      throw new HttpError(400, "userName is required", "invalidValue")
    return attributes
  }

  const normalizeGroup = (body: unknown): Json => {
    if (!isRecord(body) || typeof body.displayName !== "string")
      throw new HttpError(400, "displayName is required", "invalidValue")
    return {
      displayName: body.displayName,
      ...(typeof body.externalId === "string" ? { externalId: body.externalId } : {}),
      members: coerce("members", Array.isArray(body.members) ? body.members : [])
    }
  }

  const unique = (store: Map<string, Stored>, key: string, value: unknown, except?: string) => {
    for (const item of store.values())
      if (item.id !== except && String(item.attributes[key]).toLowerCase() === String(value).toLowerCase())
        throw new HttpError(409, `${key} ${String(value)} is taken`, "uniqueness")
  }

  const render = (kind: "User" | "Group", item: Stored, base: string): Json => ({
    schemas: kind === "Group" ? [GROUP] : item.attributes[ENTERPRISE] ? [USER, ENTERPRISE] : [USER],
    id: item.id,
    ...item.attributes,
    meta: {
      resourceType: kind,
      created: item.created,
      lastModified: item.created,
      location: `${base}/${kind}s/${item.id}`,
      version: `W/"${item.version}"`
    }
  })

  const valuesAt = (attributes: Json, path: string): ReadonlyArray<unknown> => {
    const target = parseTarget(path)
    const holder = target.enterprise ? ((attributes[ENTERPRISE] as Json | undefined) ?? {}) : attributes
    const raw = target.attribute === "manager" ? (holder.manager as Json | undefined)?.value : holder[target.attribute]
    const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
    const filtered = target.filter
      ? items.filter((item) => isRecord(item) && item[target.filter!.key] === target.filter!.value)
      : items
    return target.sub ? filtered.map((item) => (isRecord(item) ? item[target.sub!] : undefined)) : filtered
  }

  const matches = (item: Stored, filter: string): boolean =>
    filter.split(/\s+and\s+/i).every((clause) => {
      const match = /^\s*([\w.:]+(?:\[[^\]]*\])?(?:\.\w+)?)\s+eq\s+(?:"([^"]*)"|(\S+))\s*$/i.exec(clause)
      if (!match) throw new HttpError(400, `Unsupported filter ${filter}`, "invalidFilter")
      const [, path, quoted, bare] = match
      const wanted = (quoted ?? bare)!
      if (path === "id") return item.id === wanted
      const exact = path === "externalId"
      return valuesAt(item.attributes, path!).some((value) =>
        exact ? value === wanted : String(value).toLowerCase() === wanted.toLowerCase()
      )
    })

  const setAt = (attributes: Json, target: Target, op: string, value: unknown) => {
    if (target.enterprise && !isRecord(attributes[ENTERPRISE])) attributes[ENTERPRISE] = {}
    const holder = (target.enterprise ? attributes[ENTERPRISE] : attributes) as Json
    const name = target.attribute
    if (name === "manager") {
      const boss = op === "remove" ? undefined : manager(value)
      if (boss) holder.manager = boss
      else delete holder.manager
      return
    }
    if (target.filter) {
      const list = (Array.isArray(holder[name]) ? holder[name] : []) as Array<Json>
      const hit = (item: Json) => item[target.filter!.key] === target.filter!.value
      if (op === "remove") {
        holder[name] = target.sub
          ? list.map((item) => (hit(item) ? withoutKey(item, target.sub!) : item))
          : list.filter((item) => !hit(item))
        return
      }
      const patch = target.sub ? { [target.sub]: value } : (value as Json)
      if (list.some(hit)) holder[name] = list.map((item) => (hit(item) ? { ...item, ...patch } : item))
      else holder[name] = [...list, { [target.filter.key]: target.filter.value, ...patch }]
      return
    }
    if (target.sub) {
      const parent = (isRecord(holder[name]) ? holder[name] : {}) as Json
      if (op === "remove") delete parent[target.sub]
      else parent[target.sub] = value
      holder[name] = parent
      return
    }
    const coerced = coerce(name, value)
    if (multiValued.has(name)) {
      const current = (Array.isArray(holder[name]) ? holder[name] : []) as Array<unknown>
      const items = Array.isArray(coerced) ? coerced : [coerced]
      const same = (a: unknown, b: unknown) =>
        name === "members" && isRecord(a) && isRecord(b) ? a.value === b.value : JSON.stringify(a) === JSON.stringify(b)
      if (op === "replace") holder[name] = items
      else if (op === "add") holder[name] = [...current, ...items.filter((item) => !current.some((c) => same(c, item)))]
      else if (value === undefined || (name === "members" && bugs.removeAllMembers)) holder[name] = []
      else holder[name] = current.filter((c) => !items.some((item) => same(c, item)))
      return
    }
    if (op === "remove") delete holder[name]
    else holder[name] = coerced
  }

  const patch = (attributes: Json, body: unknown) => {
    const operations = isRecord(body) && Array.isArray(body.Operations) ? body.Operations : undefined
    if (!operations) throw new HttpError(400, "Operations is required", "invalidSyntax")
    for (const operation of operations as Array<Json>) {
      const op = String(operation.op).toLowerCase()
      if (!["add", "replace", "remove"].includes(op))
        throw new HttpError(400, `Unknown op ${String(operation.op)}`, "invalidSyntax")
      if (typeof operation.path === "string") setAt(attributes, parseTarget(operation.path), op, operation.value)
      else if (isRecord(operation.value))
        for (const [key, value] of Object.entries(operation.value)) {
          if (key === "id" || key === "schemas" || key === "meta" || key === "password") continue
          if (key === ENTERPRISE && isRecord(value)) {
            for (const [sub, item] of Object.entries(value))
              setAt(attributes, parseTarget(`${ENTERPRISE}:${sub}`), op, item)
          } else setAt(attributes, parseTarget(key), op, value)
        }
      else throw new HttpError(400, "A patch without a path needs an object value", "invalidValue")
    }
  }

  const list = (kind: "User" | "Group", store: Map<string, Stored>, query: URLSearchParams, base: string) => {
    const filter = query.get("filter")
    const all = [...store.values()].filter((item) => (filter ? matches(item, filter) : true))
    if (filter && all.length === 0 && bugs.emptyFilter404) throw new HttpError(404, "No match")
    const startIndex = Math.max(1, Number(query.get("startIndex") ?? 1))
    const count = Math.max(0, Number(query.get("count") ?? 100))
    const page = all.slice(startIndex - 1, startIndex - 1 + count).map((item) => {
      const rendered = render(kind, item, base)
      if (query.get("attributes") === "id") return { schemas: rendered.schemas, id: rendered.id }
      if (query.get("excludedAttributes") === "members") delete rendered.members
      return rendered
    })
    return { schemas: [LIST], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page }
  }

  const handle = (method: string, url: URL, body: unknown, base: string): [number, unknown] => {
    const [, collection, id] = url.pathname.replace(/^\/scim\/v2/, "").split("/")
    if (collection === "Schemas" && method === "GET")
      return [
        200,
        {
          schemas: [LIST],
          totalResults: 3,
          startIndex: 1,
          itemsPerPage: 3,
          Resources: [USER, GROUP, ENTERPRISE].map((urn) => ({ id: urn }))
        }
      ]
    const kind = collection === "Users" ? "User" : collection === "Groups" ? "Group" : undefined
    if (!kind) throw new HttpError(404, "No such endpoint")
    const store = kind === "User" ? users : groups
    const key = kind === "User" ? "userName" : "displayName"
    const normalize = kind === "User" ? normalizeUser : normalizeGroup
    if (id === undefined) {
      if (method === "GET") return [200, list(kind, store, url.searchParams, base)]
      if (method !== "POST") throw new HttpError(405, "Method not allowed")
      const attributes = normalize(body)
      unique(store, key, attributes[key])
      const item: Stored = {
        id: randomUUID(),
        created: new Date(clock++ * 1000).toISOString(),
        version: 1,
        attributes
      }
      store.set(item.id, item)
      return [201, render(kind, item, base)]
    }
    const item = store.get(id)
    if (!item) throw new HttpError(404, `${kind} ${id} not found`)
    if (method === "GET") {
      const rendered = render(kind, item, base)
      if (url.searchParams.get("excludedAttributes") === "members") delete rendered.members
      return [200, rendered]
    }
    if (method === "DELETE") {
      store.delete(id)
      for (const group of groups.values())
        group.attributes.members = ((group.attributes.members ?? []) as Array<Json>).filter((m) => m.value !== id)
      return [204, undefined]
    }
    if (method === "PUT") item.attributes = normalize(body)
    else if (method === "PATCH") patch(item.attributes, body)
    else throw new HttpError(405, "Method not allowed")
    unique(store, key, item.attributes[key], item.id)
    item.version += 1
    return kind === "Group" && method === "PATCH" ? [204, undefined] : [200, render(kind, item, base)]
  }

  const respond = (request: IncomingMessage, response: ServerResponse, text: string) => {
    const accept = request.headers.accept ?? ""
    const type =
      /application\/json/.test(accept) && !/scim\+json/.test(accept) ? "application/json" : "application/scim+json"
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, payload === undefined ? {} : { "content-type": `${type}; charset=utf-8` })
      response.end(payload === undefined ? undefined : JSON.stringify(payload))
    }
    try {
      if (request.headers.authorization !== `Bearer ${token}`)
        throw new HttpError(401, "A valid bearer token is required")
      const url = new URL(request.url!, `http://${request.headers.host}`)
      const body = text.length > 0 ? JSON.parse(text) : undefined
      const [status, payload] = handle(request.method!, url, body, `http://${request.headers.host}/scim/v2`)
      send(status, payload)
    } catch (cause) {
      const error = cause instanceof HttpError ? cause : new HttpError(400, String(cause), "invalidSyntax")
      send(error.status, {
        schemas: [ERROR],
        status: String(error.status),
        detail: error.detail,
        ...(error.scimType ? { scimType: error.scimType } : {})
      })
    }
  }

  const server = createServer((request, response) => {
    let text = ""
    request.on("data", (chunk) => (text += chunk))
    request.on("end", () => respond(request, response, text))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : 0
  return {
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

const withoutKey = (item: Json, key: string): Json =>
  Object.fromEntries(Object.entries(item).filter(([k]) => k !== key))

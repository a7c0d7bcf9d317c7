/**
 * The built-in schemas, complete per RFC 7643 §3.1 (common attributes), §4 and §8.7.1: User,
 * Enterprise User and Group.
 *
 * Where §8.7.1 and the prose of §4 disagree, or the RFC leaves the server a choice, we chose:
 * - Group `displayName` is required (§4.2 says REQUIRED; §8.7.1 says `required: false`): groups are
 *   matched by name (Entra, JumpCloud) and a nameless group cannot be.
 * - `addresses` keeps `primary` (§4.1.2 lists it; §8.7.1 omits it) and Group `members` keeps
 *   `display` (§2.4's default sub-attribute; Okta and Entra send it).
 * - `members.value` is required and caseExact: a member without the id of its resource means
 *   nothing, and ids are compared exactly like `id` itself (§3.1 `caseExact: true`).
 * - `groups` is readOnly with canonical types `direct`/`indirect`: memberships change through the
 *   Group resource only (§4.1.2).
 */
import * as Attribute from "./Attribute.js"
import type { SchemaDefinition } from "./ScimSchema.js"

/** `urn:ietf:params:scim:schemas:core:2.0:User` */
export const UserUrn = "urn:ietf:params:scim:schemas:core:2.0:User"
/** `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` */
export const EnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
/** `urn:ietf:params:scim:schemas:core:2.0:Group` */
export const GroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group"

/**
 * The common attributes every resource has (RFC 7643 §3.1). They belong to no schema's attribute
 * list in `/Schemas`, but filters, sorting and projection address them like core attributes.
 */
export const commonAttributes: ReadonlyArray<Attribute.AttributeDefinition> = [
  Attribute.string("id", {
    description: "Unique identifier for the SCIM resource as defined by the service provider.",
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server"
  }),
  Attribute.string("externalId", {
    description: "Identifier for the resource as defined by the provisioning client.",
    caseExact: true
  }),
  Attribute.complex(
    "meta",
    [
      Attribute.string("resourceType", {
        description: "The name of the resource type.",
        caseExact: true,
        mutability: "readOnly"
      }),
      Attribute.dateTime("created", { description: "When the resource was added.", mutability: "readOnly" }),
      Attribute.dateTime("lastModified", {
        description: "When the resource was last updated.",
        mutability: "readOnly"
      }),
      Attribute.reference("location", ["uri"], { description: "The URI of the resource.", mutability: "readOnly" }),
      Attribute.string("version", {
        description: "The version (weak ETag) of the resource.",
        caseExact: true,
        mutability: "readOnly"
      })
    ],
    { description: "Resource metadata.", mutability: "readOnly" }
  )
]

const multiValuedType = (canonicalValues: ReadonlyArray<string>, what: string) =>
  Attribute.string("type", { description: `A label indicating the ${what}'s function.`, canonicalValues })

const primary = (what: string) =>
  Attribute.boolean("primary", { description: `Indicates the primary or preferred ${what}.` })

const display = (what: string) =>
  Attribute.string("display", {
    description: `A human-readable name for the ${what}, primarily used for display purposes.`
  })

/** Multi-valued attribute with the usual value/display/type/primary sub-attributes (RFC 7643 §2.4). */
const plural = (
  name: string,
  what: string,
  value: Attribute.AttributeDefinition,
  canonicalTypes?: ReadonlyArray<string>
) =>
  Attribute.complex(
    name,
    [
      value,
      display(what),
      canonicalTypes
        ? multiValuedType(canonicalTypes, what)
        : Attribute.string("type", { description: `A label indicating the ${what}'s function.` }),
      primary(what)
    ],
    { multiValued: true, description: `A list of the user's ${name}.` }
  )

/** The core User schema (RFC 7643 §4.1, §8.7.1). */
export const User: SchemaDefinition = {
  id: UserUrn,
  name: "User",
  description: "User Account",
  attributes: [
    Attribute.string("userName", {
      description:
        "Unique identifier for the User, typically used by the user to directly authenticate to the service provider.",
      required: true,
      uniqueness: "server"
    }),
    Attribute.complex(
      "name",
      [
        Attribute.string("formatted", { description: "The full name, formatted for display." }),
        Attribute.string("familyName", { description: "The family name of the User." }),
        Attribute.string("givenName", { description: "The given name of the User." }),
        Attribute.string("middleName", { description: "The middle name(s) of the User." }),
        Attribute.string("honorificPrefix", { description: "The honorific prefix(es) of the User." }),
        Attribute.string("honorificSuffix", { description: "The honorific suffix(es) of the User." })
      ],
      { description: "The components of the user's real name." }
    ),
    Attribute.string("displayName", { description: "The name of the User, suitable for display to end-users." }),
    Attribute.string("nickName", { description: "The casual way to address the user in real life." }),
    Attribute.reference("profileUrl", ["external"], {
      description: "A fully qualified URL pointing to a page representing the User's online profile."
    }),
    Attribute.string("title", { description: 'The user\'s title, such as "Vice President".' }),
    Attribute.string("userType", {
      description: "Used to identify the relationship between the organization and the user."
    }),
    Attribute.string("preferredLanguage", {
      description: "Indicates the User's preferred written or spoken language."
    }),
    Attribute.string("locale", {
      description: "Used to indicate the User's default location for purposes of localizing items."
    }),
    Attribute.string("timezone", { description: "The User's time zone in the 'Olson' time zone database format." }),
    Attribute.boolean("active", { description: "A Boolean value indicating the User's administrative status." }),
    Attribute.string("password", {
      description: "The User's cleartext password, used to set or change it; never returned.",
      mutability: "writeOnly",
      returned: "never"
    }),
    plural("emails", "email address", Attribute.string("value", { description: "Email address for the user." }), [
      "work",
      "home",
      "other"
    ]),
    plural("phoneNumbers", "phone number", Attribute.string("value", { description: "Phone number of the User." }), [
      "work",
      "home",
      "mobile",
      "fax",
      "pager",
      "other"
    ]),
    plural(
      "ims",
      "instant messaging address",
      Attribute.string("value", { description: "Instant messaging address for the User." }),
      ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]
    ),
    plural(
      "photos",
      "photo",
      Attribute.reference("value", ["external"], { description: "URL of a photo of the User." }),
      ["photo", "thumbnail"]
    ),
    Attribute.complex(
      "addresses",
      [
        Attribute.string("formatted", { description: "The full mailing address, formatted for display." }),
        Attribute.string("streetAddress", { description: "The full street address component." }),
        Attribute.string("locality", { description: "The city or locality component." }),
        Attribute.string("region", { description: "The state or region component." }),
        Attribute.string("postalCode", { description: "The zip code or postal code component." }),
        Attribute.string("country", { description: "The country name component." }),
        multiValuedType(["work", "home", "other"], "address"),
        primary("address")
      ],
      { multiValued: true, description: "A physical mailing address for this User." }
    ),
    Attribute.complex(
      "groups",
      [
        Attribute.string("value", { description: "The identifier of the User's group.", mutability: "readOnly" }),
        Attribute.reference("$ref", ["User", "Group"], {
          description: "The URI of the corresponding 'Group' resource.",
          mutability: "readOnly"
        }),
        Attribute.string("display", { description: "A human-readable name for the group.", mutability: "readOnly" }),
        Attribute.string("type", {
          description: "How the membership is derived.",
          canonicalValues: ["direct", "indirect"],
          mutability: "readOnly"
        })
      ],
      {
        multiValued: true,
        mutability: "readOnly",
        description: "A list of groups to which the user belongs (direct memberships)."
      }
    ),
    plural("entitlements", "entitlement", Attribute.string("value", { description: "The value of an entitlement." })),
    plural("roles", "role", Attribute.string("value", { description: "The value of a role." })),
    plural(
      "x509Certificates",
      "certificate",
      Attribute.binary("value", { description: "The value of an X.509 certificate." })
    )
  ]
}

/** The Enterprise User extension (RFC 7643 §4.3, §8.7.1). */
export const EnterpriseUser: SchemaDefinition = {
  id: EnterpriseUserUrn,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    Attribute.string("employeeNumber", { description: "Numeric or alphanumeric identifier assigned to a person." }),
    Attribute.string("costCenter", { description: "Identifies the name of a cost center." }),
    Attribute.string("organization", { description: "Identifies the name of an organization." }),
    Attribute.string("division", { description: "Identifies the name of a division." }),
    Attribute.string("department", { description: "Identifies the name of a department." }),
    Attribute.complex(
      "manager",
      [
        Attribute.string("value", { description: "The id of the SCIM resource representing the User's manager." }),
        Attribute.reference("$ref", ["User"], {
          description: "The URI of the SCIM resource representing the User's manager."
        }),
        Attribute.string("displayName", {
          description: "The displayName of the User's manager.",
          mutability: "readOnly"
        })
      ],
      { description: "The User's manager." }
    )
  ]
}

/** The core Group schema (RFC 7643 §4.2, §8.7.1). */
export const Group: SchemaDefinition = {
  id: GroupUrn,
  name: "Group",
  description: "Group",
  attributes: [
    Attribute.string("displayName", { description: "A human-readable name for the Group.", required: true }),
    Attribute.complex(
      "members",
      [
        Attribute.string("value", {
          description: "Identifier of the member of this Group.",
          required: true,
          caseExact: true,
          mutability: "immutable"
        }),
        Attribute.reference("$ref", ["User", "Group"], {
          description: "The URI of the member resource.",
          mutability: "immutable"
        }),
        Attribute.string("display", { description: "A human-readable name for the member." }),
        Attribute.string("type", {
          description: "The type of the member.",
          canonicalValues: ["User", "Group"],
          mutability: "immutable"
        })
      ],
      { multiValued: true, description: "A list of members of the Group." }
    )
  ]
}

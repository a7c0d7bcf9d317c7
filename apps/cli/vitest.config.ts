import { project } from "../../tooling/vitest/preset.js"

export default project("cli")

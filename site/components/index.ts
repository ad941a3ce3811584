// The components lesson authors import: `import { StackDiagram } from '~/components';`
export { default as StackDiagram } from './StackDiagram.astro';
export { default as RepoFile } from './RepoFile.astro';

// The components lesson authors import: `import { StackDiagram } from '~/components';`
export { default as StackDiagram } from './StackDiagram.astro';
export { default as RepoFile } from './RepoFile.astro';
export { default as LivePanel } from './LivePanel.astro';
export { default as LiveDashboard } from './LiveDashboard.astro';
export { default as DashboardFile } from './DashboardFile.astro';
export { default as PromQLPlayground } from './PromQLPlayground.astro';
export { default as LabPanel } from './LabPanel.astro';
export { default as WorkshopAgenda } from './WorkshopAgenda.astro';
export { default as LabMistakes } from './LabMistakes.astro';
export { default as ClassroomBoard } from './ClassroomBoard.astro';
export { default as PromQLExercise } from './PromQLExercise.astro';

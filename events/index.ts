export * from './contract';
export * from './fields';
export * from './registry';
export { splitV1Title } from './tasker/task.created.v1';

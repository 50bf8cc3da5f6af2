// The walk reads the console's router (client/src/router/routes.ts), whose pages load lazily: their types are
// the client's concern (vue-tsc), here a page is just a component.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

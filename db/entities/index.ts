export * from './reference.entity';
export * from './user.entity';
export * from './citizen.entity';
export * from './request.entity';
export * from './call.entity';
export * from './audit.entity';
export * from './consultation.entity';
export * from './supervisor.entity';

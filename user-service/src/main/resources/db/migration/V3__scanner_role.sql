-- SCANNER: door staff who check tickets in; granted and withdrawn by an administrator
ALTER TABLE user_role DROP CONSTRAINT user_role_role_check;
ALTER TABLE user_role ADD CONSTRAINT user_role_role_check CHECK (role IN ('USER', 'ADMIN', 'SCANNER'));

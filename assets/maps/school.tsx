<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.10" tiledversion="1.10.2" name="school" tilewidth="32" tileheight="32" tilecount="9" columns="8">
 <image source="school-tiles.png" width="256" height="64"/>
  <tile id="0">
  <properties>
   <property name="name" value="floor"/>
  </properties>
  </tile>
  <tile id="1">
  <properties>
   <property name="name" value="wall"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="2">
  <properties>
   <property name="name" value="lockers"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="3">
  <properties>
   <property name="name" value="door"/>
  </properties>
  </tile>
  <tile id="4">
  <properties>
   <property name="name" value="window"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="5">
  <properties>
   <property name="name" value="desk"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="6">
  <properties>
   <property name="name" value="mat"/>
  </properties>
  </tile>
  <tile id="7">
  <properties>
   <property name="name" value="plant"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
  <tile id="8">
  <properties>
   <property name="name" value="board"/>
   <property name="blocked" type="bool" value="true"/>
  </properties>
  </tile>
</tileset>
